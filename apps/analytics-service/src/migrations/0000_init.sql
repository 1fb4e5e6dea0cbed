CREATE SCHEMA "analytics";
