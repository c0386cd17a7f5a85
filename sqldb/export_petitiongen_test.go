package sqldb

// PetitionSearchText exposes what Submit writes to petitions.search_text,
// so tests check that generated petitions hold the same.
var PetitionSearchText = petitionSearchText
