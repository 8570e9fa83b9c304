/* test_random.c: with the operating system's random source broken
 * (tests/no_random.c preloaded), generate is status 3 with a message saying
 * so, and the library goes on working. Run by tests/run.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvm_rules.h"

int main(void) {
    cvm_rules_validator *v = NULL;
    if (cvm_rules_validator_new(NULL, 0, &v, NULL) != CVM_RULES_OK) return 1;
    cvm_rules_str out = {0};
    for (int i = 0; i < 1000; i++) {
        int status = cvm_rules_generate(v, NULL, 0, &out);
        const char *want = "cannot generate a password: the random source failed";
        if (status != CVM_RULES_INTERNAL || out.len != strlen(want) || memcmp(out.ptr, want, out.len) != 0) {
            fprintf(stderr, "generate with a broken source: %d %.*s\n", status, (int)out.len, out.ptr);
            return 1;
        }
        cvm_rules_str_free(out);
    }
    const char *password = "abc";
    if (cvm_rules_check_password(v, password, 3, NULL, 0, &out) != CVM_RULES_OK) return 1;
    cvm_rules_str_free(out);
    cvm_rules_validator_free(v);
    printf("test_random: a broken random source is status 3, 1000 times, and the library still works\n");
    return 0;
}
