package feedback

// Answers are stored packed: two small integers whose bit i stands for
// FourXinCodes[i]. asked has the bit of every item answered, yes the bit
// of every item answered yes (a subset of asked). Eight bits each, so a
// rating's eight answers cost a few bytes of its own row instead of eight
// rows.

// PackAnswers packs answers (item code → yes/no) into the asked and yes
// bitmasks. Codes outside FourXinCodes are not packed: ValidateInput refuses
// them, so a stored rating never has one.
func PackAnswers(answers map[string]bool) (asked, yes int) {
	for i, code := range FourXinCodes {
		if y, ok := answers[code]; ok {
			asked |= 1 << i
			if y {
				yes |= 1 << i
			}
		}
	}
	return asked, yes
}

// UnpackAnswers is the inverse of PackAnswers: a map (never nil) with an
// entry for each item answered.
func UnpackAnswers(asked, yes int) map[string]bool {
	out := make(map[string]bool, 8)
	for i, code := range FourXinCodes {
		if asked&(1<<i) != 0 {
			out[code] = yes&(1<<i) != 0
		}
	}
	return out
}
