// name: schema_load_marker_id
// Uniqueness of the load marker's id.
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_load_id IF NOT EXISTS FOR (n:SkillgraphLoad) REQUIRE n.id IS UNIQUE
