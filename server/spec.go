package server

import (
	"encoding/json"
	"strings"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/spec"
)

// specRequest is a spec given directly, in the result document's form:
// {"domain": "puzzleball", "params": {"layers": {"value": 6}, "diameter":
// {"value": 60, "unit": "mm"}}}. A parameter may also be given by its bare value
// ("layers": 6). Values are in the parameter's canonical unit: mm, deg, ml, %.
type specRequest struct {
	Domain string                     `json:"domain"`
	Params map[string]json.RawMessage `json:"params"`
}

// specWords turns a spec given directly into its canonical words, so that it
// goes through the very reading, validation and resolution that words do: a
// front end may only propose a spec, never bypass the checks. Parameters are
// written in the schema's order; one the schema lacks is refused.
func specWords(r *specRequest) (string, error) {
	d, ok := catalog.Get(r.Domain)
	if !ok {
		var names []string
		for _, sc := range catalog.Schemas() {
			names = append(names, sc.Domain)
		}
		return "", &badinput.Error{Code: badinput.UnknownWord, Suggestions: names,
			Message: "the spec names no domain yanchu knows, got " + quote(r.Domain) + "; use one of " + strings.Join(names, ", ")}
	}
	sc := d.Schema()
	for name := range r.Params {
		if _, ok := sc.Param(name); !ok {
			return "", badinput.New(badinput.UnknownWord, "%s has no parameter %q; see GET /api/v1/domains", sc.Domain, name)
		}
	}
	words := []string{sc.Domain}
	for _, p := range sc.Params {
		raw, ok := r.Params[p.Name]
		if !ok {
			continue
		}
		v, err := specValue(p, raw)
		if err != nil {
			return "", err
		}
		words = append(words, p.Name+"="+spec.FormatValue(p.Kind, v))
	}
	return strings.Join(words, " "), nil
}

// specValue reads one parameter's value: {"value": x, ...} or x itself, a number,
// a word for a choice, or three numbers for a size.
func specValue(p spec.Param, raw json.RawMessage) (spec.Value, error) {
	var wrapped struct {
		Value json.RawMessage `json:"value"`
	}
	if json.Unmarshal(raw, &wrapped) == nil && wrapped.Value != nil {
		raw = wrapped.Value
	}
	bad := func() (spec.Value, error) {
		return spec.Value{}, badinput.New(badinput.BadRequest, "the spec's %s must be %s", p.Name, wants(p))
	}
	var v spec.Value
	switch p.Kind {
	case spec.Choice:
		if json.Unmarshal(raw, &v.Text) != nil || v.Text == "" || strings.ContainsAny(v.Text, " =\t\n") {
			return bad()
		}
	case spec.Size:
		var xs []float64
		if json.Unmarshal(raw, &xs) != nil || len(xs) != 3 {
			return bad()
		}
		copy(v.Vec[:], xs)
	default:
		if json.Unmarshal(raw, &v.Num) != nil {
			return bad()
		}
	}
	return v, nil
}

// wants says what a parameter's value looks like in a spec.
func wants(p spec.Param) string {
	switch p.Kind {
	case spec.Choice:
		return "one of " + strings.Join(p.Choices, ", ")
	case spec.Size:
		return "three numbers of millimetres, such as [100, 60, 40]"
	}
	if u := p.Kind.Unit(); u != "" {
		return "a number of " + u
	}
	return "a number"
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
