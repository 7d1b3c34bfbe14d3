SELECT b.id, b.title, a.name FROM books b LEFT JOIN authors a ON a.id = b.author_id ORDER BY b.id;
