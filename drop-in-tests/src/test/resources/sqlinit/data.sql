INSERT INTO owners (id, name) VALUES (1, 'George Franklin'), (2, 'Betty Davis'), (3, 'Eduardo Rodriquez')
ON CONFLICT (id) DO NOTHING;
