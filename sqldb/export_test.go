package sqldb

// RecordSealCheck lets tests interleave two servers' starts: the second
// recording a check over a value it read before the first wrote.
var RecordSealCheck = recordSealCheck
