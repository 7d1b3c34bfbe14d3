SELECT id, to_char(created, 'YYYY-MM-DD HH24:MI:SS'), note FROM audit_log ORDER BY id;
