// name: load_in_group_concept_skill_group
// One batch of IN_GROUP relationships Concept -> SkillGroup (Concept: Skill or Knowledge); MERGE keeps reruns free of duplicates.
// row: {source, target, props}; props holds the relationship's non-null properties.
// count is the number of rows whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Concept {id: row.source})
MATCH (b:SkillGroup {id: row.target})
MERGE (a)-[r:IN_GROUP]->(b)
SET r = row.props
RETURN count(r) AS count
