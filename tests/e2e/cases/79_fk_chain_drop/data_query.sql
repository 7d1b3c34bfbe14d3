SELECT id FROM z_root;
