// name: schema_occupation_id
// Uniqueness of Occupation.id (also the index every load and lookup uses).
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_occupation_id IF NOT EXISTS FOR (n:Occupation) REQUIRE n.id IS UNIQUE
