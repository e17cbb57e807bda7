// name: schema_concept_id
// Uniqueness of Concept.id: skills and knowledge (labels Skill:Concept, Knowledge:Concept)
// share one id space, one constraint and the index every concept lookup uses.
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_concept_id IF NOT EXISTS FOR (n:Concept) REQUIRE n.id IS UNIQUE
