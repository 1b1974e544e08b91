/* The C tests' one assertion: CHECK(cond) counts the check and reports a failure with its place,
 * without stopping, so one run lists every failed check. Each test prints the totals and exits 1 on any
 * failure. Include once per test program (it defines the counters). */
#ifndef OFXKIT_TEST_CHECK_H
#define OFXKIT_TEST_CHECK_H

#include <stdio.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        checks++;                                                                    \
        if (!(cond)) {                                                               \
            failures++;                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#endif
