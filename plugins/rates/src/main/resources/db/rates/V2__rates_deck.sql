-- Each ratedeck's version, raised in the same transaction as every change to its rates: a node keeps a deck's
-- in-memory lookup index only while the version it was built at is still the deck's (DeckIndexes).
CREATE TABLE rates_deck (
    ratedeck_id VARCHAR(128) PRIMARY KEY,
    version     BIGINT       NOT NULL
);

INSERT INTO rates_deck (ratedeck_id, version) SELECT ratedeck_id, 1 FROM rates GROUP BY ratedeck_id;
