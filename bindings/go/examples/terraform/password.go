// Package terraform is an example: a terraform-plugin-sdk v2 validator for a
// password attribute of a CVM resource, with the rules of cvmrules, whose
// diagnostics never hold the password (a provider's own check that prints the
// value it refuses leaks it into every plan's output).
package terraform

import (
	"context"
	"sync"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
	"github.com/hashicorp/go-cty/cty"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// validator is made once per provider process, on first use: attribute
// validation runs before the provider is configured. The OS of the instances
// is not known to an attribute's validator, so the strictest policy applies
// (that of Windows); check with the OS in a CustomizeDiff when it is known.
var validator = sync.OnceValues(func() (*cvmrules.Validator, error) {
	return cvmrules.New(context.Background(), cvmrules.Options{Profile: "api3"})
})

// PasswordValidator checks a password attribute with the API 3.0 rules: one
// diagnostic per problem (an error, or a warning for advice), its summary the
// rule's message and its detail the Tencent error code and rule id. No
// diagnostic holds the value.
func PasswordValidator() schema.SchemaValidateDiagFunc {
	return func(value any, path cty.Path) diag.Diagnostics {
		password, ok := value.(string)
		if !ok {
			return diag.Diagnostics{{Severity: diag.Error, Summary: "The password must be a string.", AttributePath: path}}
		}
		v, err := validator()
		if err != nil {
			return diag.Diagnostics{{Severity: diag.Error, Summary: "The password rules could not be loaded.", Detail: err.Error(), AttributePath: path}}
		}
		result, err := v.CheckPassword(context.Background(), password, "")
		if err != nil {
			return diag.Diagnostics{{Severity: diag.Error, Summary: "The password could not be checked.", Detail: err.Error(), AttributePath: path}}
		}
		var diags diag.Diagnostics
		for _, d := range result.Diagnostics {
			severity := diag.Error
			if d.Severity == "warning" {
				severity = diag.Warning
			}
			detail := d.Rule
			if d.Code != "" {
				detail = d.Code + " (" + d.Rule + ")"
			}
			diags = append(diags, diag.Diagnostic{Severity: severity, Summary: d.Message, Detail: detail, AttributePath: path})
		}
		return diags
	}
}

// ResetPasswordResource is the schema of an example resource whose password
// attribute is checked at plan time.
func ResetPasswordResource() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{
			"instance_ids": {Type: schema.TypeList, Required: true, Elem: &schema.Schema{Type: schema.TypeString}},
			"password": {
				Type:             schema.TypeString,
				Required:         true,
				Sensitive:        true,
				ValidateDiagFunc: PasswordValidator(),
			},
		},
	}
}
