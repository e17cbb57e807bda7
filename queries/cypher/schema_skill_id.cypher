// name: schema_skill_id
// Uniqueness of Skill.id (also the index every load and lookup uses).
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_skill_id IF NOT EXISTS FOR (n:Skill) REQUIRE n.id IS UNIQUE
