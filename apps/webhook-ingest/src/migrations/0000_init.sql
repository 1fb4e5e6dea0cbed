CREATE SCHEMA "ingest";
