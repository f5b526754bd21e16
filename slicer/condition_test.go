package slicer

import (
	"strings"
	"testing"
)

func TestEvalCondition(t *testing.T) {
	vars := map[string]string{
		"printer_notes":                  `Don't remove!\nPRINTER_VENDOR_PRUSA3D\nPRINTER_MODEL_MK3\n`,
		"printer_model":                  "MK3S",
		"nozzle_diameter":                "0.4,0.6",
		"single_extruder_multi_material": "0",
		"printer_technology":             "FFF",
		"layer_height":                   "0.15",
		"quoted":                         `"A; B";"C"`,
	}
	for _, tc := range []struct {
		cond string
		want bool
	}{
		{"", true},
		{"printer_notes=~/.*PRINTER_VENDOR_PRUSA3D.*/ and printer_notes=~/.*PRINTER_MODEL_MK3.*/ and nozzle_diameter[0]==0.4", true},
		{"printer_notes=~/.*PRINTER_MODEL_MK2[^\\.].*/", false},
		{"printer_notes!~/.*PRINTER_MODEL_MK2.*/", true},
		{"printer_notes=~/PRINTER_MODEL_MK3/", false}, // the whole value must match
		{`printer_model=="MK3S" and nozzle_diameter[1]==0.6`, true},
		{`printer_model!="MK3S" or num_extruders==2`, true},
		{"num_extruders > 1 && nozzle_diameter[0] >= 0.4", true},
		{"nozzle_diameter[0]!=0.8 and ! (printer_notes=~/.*PRINTER_MODEL_MK(2.5|3).*/ and single_extruder_multi_material)", true},
		{"!single_extruder_multi_material", true},
		{"not (layer_height < 0.2)", false},
		{"layer_height <= 0.15 and layer_height > 0.1 and layer_height <> 0.2", true},
		{`printer_technology == "FFF" || false`, true},
		{`printer_model=~/.*MK3.*/`, true},
		{`quoted[1] == "C"`, true},
		{"((true))", true},
	} {
		got, err := evalCondition(tc.cond, vars)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v, %v; want %v", tc.cond, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ cond, want string }{
		{"printer_model ==", "unexpected end"},
		{"unknown_thing == 1", "unknown variable unknown_thing"},
		{"nozzle_diameter[5] == 1", "out of range"},
		{"printer_model =~ /(/", "regex"},
		{"printer_model =~ MK3", "expected /regex/"},
		{"(true", "missing )"},
		{"true false", "unexpected"},
		{strings.Repeat("(", 500) + "true" + strings.Repeat(")", 500), "nested deeper"},
		{strings.Repeat("!", 500) + "true", "nested deeper"},
	} {
		if _, err := evalCondition(tc.cond, vars); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.40s: error %v, want %q", tc.cond, err, tc.want)
		}
	}
}
