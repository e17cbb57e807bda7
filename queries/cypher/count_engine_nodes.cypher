// name: count_engine_nodes
// Live counts of the engine's nodes: one ScoreRow per occupation of a similarity space,
// one SimilaritySpace per taxonomy (the loader checks them after a load).
// params: -
// returns: score_rows, spaces
RETURN COUNT { (n:ScoreRow) } AS score_rows, COUNT { (n:SimilaritySpace) } AS spaces
