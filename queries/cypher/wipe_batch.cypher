// name: wipe_batch
// Deletes up to $batch skillgraph nodes (and their relationships); the loader repeats it
// until it returns 0. Nodes with other labels are never touched.
// params: $batch
// returns: deleted
MATCH (n)
WHERE n:Occupation OR n:Skill OR n:Knowledge OR n:SkillGroup OR n:Technology OR n:IscoGroup OR n:SkillgraphLoad
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
