// name: schema_technology_id
// Uniqueness of Technology.id (also the index every load and lookup uses).
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_technology_id IF NOT EXISTS FOR (n:Technology) REQUIRE n.id IS UNIQUE
