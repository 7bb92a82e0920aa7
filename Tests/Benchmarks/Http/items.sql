-- The data of the items scenario (Tests/Benchmarks/Http/items.yaml): 1,000 rows with prices that are exact in binary.
DROP TABLE IF EXISTS items;
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO items (id, name, price) SELECT i, 'Item ' || i, i + 0.25 * (1 + i % 3) FROM n;
