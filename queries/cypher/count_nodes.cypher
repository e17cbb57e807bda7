// name: count_nodes
// Live node counts per kind (the loader checks them against the embedded store's). Skill
// and Knowledge nodes both carry the Concept label; kind tells them apart, and a node
// under these labels without a kind shows up as a null kind (the check then fails).
// params: -
// returns: kind, count
MATCH (n:Occupation|Concept|SkillGroup|Technology|IscoGroup)
RETURN n.kind AS kind, count(*) AS count
