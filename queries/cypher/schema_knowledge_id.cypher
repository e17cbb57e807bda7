// name: schema_knowledge_id
// Uniqueness of Knowledge.id (also the index every load and lookup uses).
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_knowledge_id IF NOT EXISTS FOR (n:Knowledge) REQUIRE n.id IS UNIQUE
