-- c;
/* a /* b; */ c */ SELECT "x;""y";
