"""Django database backend: the sqlite3 one over SQLCipher, keyed from the data key."""
