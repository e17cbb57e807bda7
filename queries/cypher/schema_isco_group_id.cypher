// name: schema_isco_group_id
// Uniqueness of IscoGroup.id (also the index every load and lookup uses).
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_isco_group_id IF NOT EXISTS FOR (n:IscoGroup) REQUIRE n.id IS UNIQUE
