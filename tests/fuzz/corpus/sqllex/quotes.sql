SELECT 1; SELECT 'a;b', E'\';' ;
