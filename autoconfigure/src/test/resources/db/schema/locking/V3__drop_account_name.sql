-- memguard:allow drop-column unmapped since release 1.3
ALTER TABLE account DROP COLUMN name;
