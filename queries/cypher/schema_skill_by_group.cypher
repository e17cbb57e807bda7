// name: schema_skill_by_group
// Skills by their skill group (group_id, the group ESCO files a skill under first): the
// same-group half of related_concepts.
// params: -
// returns: -
CREATE INDEX skillgraph_skill_by_group IF NOT EXISTS FOR (n:Skill) ON (n.group_id)
