// name: load_in_group_knowledge_skill_group
// One batch of IN_GROUP relationships Knowledge -> SkillGroup; MERGE keeps reruns free of duplicates.
// row: {source, target, props}; props holds the relationship's non-null properties.
// count is the number of rows whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Knowledge {id: row.source})
MATCH (b:SkillGroup {id: row.target})
MERGE (a)-[r:IN_GROUP]->(b)
SET r = row.props
RETURN count(r) AS count
