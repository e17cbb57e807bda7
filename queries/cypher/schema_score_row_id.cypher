// name: schema_score_row_id
// Uniqueness of ScoreRow.id (the occupation's id): score_rows reads them by id.
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_score_row_id IF NOT EXISTS FOR (n:ScoreRow) REQUIRE n.id IS UNIQUE
