package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-cty/cty"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/terraform"
)

const sentinel = "Zq9Sentinel!Pw"

// Validate runs the resource's validation as terraform does at plan time.
func validate(t *testing.T, password any) diag.Diagnostics {
	t.Helper()
	config := terraform.NewResourceConfigRaw(map[string]any{"instance_ids": []any{"ins-r8hr2upy"}, "password": password})
	return ResetPasswordResource().Validate(config)
}

func TestAValidPasswordHasNoDiagnostic(t *testing.T) {
	if diags := validate(t, "Abc123!xyzQw"); len(diags) != 0 {
		t.Fatalf("%+v", diags)
	}
}

func TestEachProblemIsADiagnosticOnTheAttribute(t *testing.T) {
	diags := validate(t, "abc 123")
	var summaries []string
	for _, d := range diags {
		if d.Severity != diag.Error || !d.AttributePath.Equals(cty.GetAttrPath("password")) {
			t.Fatalf("%+v", d)
		}
		summaries = append(summaries, d.Detail)
	}
	want := "[InvalidParameterValue.InvalidPassword (password.length) InvalidParameterValue.InvalidPassword (password.classes) InvalidParameterValue.InvalidPassword (password.charset)]"
	if fmt.Sprint(summaries) != want {
		t.Fatalf("got %v", summaries)
	}
	if !strings.HasPrefix(diags[0].Summary, "Password must be 12 to 30 characters long") {
		t.Fatalf("%q", diags[0].Summary)
	}
}

func TestNoDiagnosticHoldsThePassword(t *testing.T) {
	// Each of these fails a rule, with the sentinel inside.
	for _, password := range []string{"/" + sentinel, sentinel + " Administrator", strings.Repeat(sentinel, 3), sentinel + "\xff", "administrator" + sentinel} {
		diags := validate(t, password)
		if len(diags) == 0 {
			t.Fatalf("%q passed", password)
		}
		for _, d := range diags {
			if strings.Contains(d.Summary+d.Detail, sentinel) || strings.Contains(fmt.Sprintf("%+v", d), sentinel) {
				t.Fatalf("a diagnostic holds the password: %+v", d)
			}
		}
	}
}

func TestAValueThatIsNotAStringIsADiagnostic(t *testing.T) {
	diags := PasswordValidator()(42, cty.GetAttrPath("password"))
	if len(diags) != 1 || diags[0].Summary != "The password must be a string." {
		t.Fatalf("%+v", diags)
	}
}
