-- Nothing on PostgreSQL: SQLite's comment index of a unit now carries the
-- comments' text for a small subtree's search (issue 15); PostgreSQL
-- searches through its GIN index. The file keeps the two engines' lists
-- the same.
SELECT 1;
