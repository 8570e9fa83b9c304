/* batch.c: what `cvm-rules check --batch` does, through the C API: compiles
 * the options (JSON) in OPTIONS_FILE, then checks each line of standard input
 * (one request a line, with the facts of FACTS_FILE when given) and prints its
 * answer, one JSON object a line. tests/vectors.py compares its output with the
 * command line's, byte for byte, on every row of tests/vectors. With -1 first,
 * the whole of standard input is one request (as `cvm-rules check -` reads it).
 *
 *   batch [-1] OPTIONS_FILE [FACTS_FILE] < requests */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvm_rules.h"

/* The whole of a file, or NULL; its length in *len. */
static char *slurp(FILE *file, size_t *len) {
    size_t size = 0, cap = 4096;
    char *text = malloc(cap);
    if (text == NULL) return NULL;
    size_t n;
    while ((n = fread(text + size, 1, cap - size, file)) > 0) {
        size += n;
        if (size == cap) {
            char *more = realloc(text, cap *= 2);
            if (more == NULL) {
                free(text);
                return NULL;
            }
            text = more;
        }
    }
    *len = size;
    return text;
}

static char *read_file(const char *path, size_t *len) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) return NULL;
    char *text = slurp(file, len);
    fclose(file);
    return text;
}

int main(int argc, char **argv) {
    int whole = argc > 1 && strcmp(argv[1], "-1") == 0;
    argc -= whole;
    argv += whole;
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: batch [-1] OPTIONS_FILE [FACTS_FILE] < requests\n");
        return 2;
    }
    size_t options_len = 0, facts_len = 0, input_len = 0;
    char *options = read_file(argv[1], &options_len);
    char *facts = argc == 3 ? read_file(argv[2], &facts_len) : NULL;
    char *input = slurp(stdin, &input_len);
    if (options == NULL || (argc == 3 && facts == NULL) || input == NULL) {
        fprintf(stderr, "batch: cannot read the options, facts or input\n");
        return 2;
    }

    cvm_rules_validator *validator = NULL;
    cvm_rules_str out = {0};
    int status = cvm_rules_validator_new(options, options_len, &validator, &out);
    if (status != CVM_RULES_OK) {
        fprintf(stderr, "batch: options: %.*s\n", (int)out.len, out.ptr);
        cvm_rules_str_free(out);
        return 2;
    }
    int failed = 0;
    for (size_t start = 0; start < input_len || (whole && start == 0);) {
        char *end = whole ? NULL : memchr(input + start, '\n', input_len - start);
        size_t len = end ? (size_t)(end - input - start) : input_len - start;
        status = cvm_rules_check(validator, input + start, len, facts, facts_len, &out);
        if (status == CVM_RULES_OK) {
            printf("%.*s\n", (int)out.len, out.ptr);
        } else {
            fprintf(stderr, "batch: error %d: %.*s\n", status, (int)out.len, out.ptr);
            failed = 1;
        }
        cvm_rules_str_free(out);
        start += len + 1;
    }
    cvm_rules_validator_free(validator);
    free(options);
    free(facts);
    free(input);
    return failed ? 1 : 0;
}
