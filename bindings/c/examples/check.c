/* check.c: checks a ResetInstancesPassword request and a password with the
 * cvm-rules C library, and prints the answers (JSON text).
 *
 *   cc check.c $(pkg-config --cflags --libs cvm_rules) -o check
 *   ./check 'Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123'
 */
#include <stdio.h>
#include <string.h>

#include "cvm_rules.h"

/* Prints a status's text, or the error and its message; gives the text back. */
static int report(const char *what, int status, cvm_rules_str text) {
    if (status == CVM_RULES_OK) {
        printf("%s: %.*s\n", what, (int)text.len, text.ptr);
    } else {
        fprintf(stderr, "%s: error %d: %.*s\n", what, status, (int)text.len, text.ptr);
    }
    cvm_rules_str_free(text);
    return status == CVM_RULES_OK ? 0 : 1;
}

int main(int argc, char **argv) {
    const char *request = argc > 1 ? argv[1]
        : "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123";
    const char *options = "{\"profile\": \"legacy-2017\", \"os\": [\"linux\"], \"lang\": \"en\"}";

    /* Options are read and compiled once; the validator may be shared by threads. */
    cvm_rules_validator *validator = NULL;
    cvm_rules_str error = {0};
    int status = cvm_rules_validator_new(options, strlen(options), &validator, &error);
    if (status != CVM_RULES_OK) {
        return report("options", status, error);
    }

    cvm_rules_str answer = {0};
    int failed = report("check", cvm_rules_check(validator, request, strlen(request), NULL, 0, &answer), answer);

    const char *password = "abc123ABC!@#";
    failed |= report("check_password",
                     cvm_rules_check_password(validator, password, strlen(password), NULL, 0, &answer), answer);

    const char *generate = "{\"count\": 2}";
    failed |= report("generate", cvm_rules_generate(validator, generate, strlen(generate), &answer), answer);

    cvm_rules_validator_free(validator);
    return failed;
}
