// name: schema_skill_group_id
// Uniqueness of SkillGroup.id (also the index every load and lookup uses).
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_skill_group_id IF NOT EXISTS FOR (n:SkillGroup) REQUIRE n.id IS UNIQUE
