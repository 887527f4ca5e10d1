// Flatworld goal evaluation on the device, deliberately modest: the engine (or a device kernel of
// a later scenario) supplies the truth value of every atomic predicate of every environment, and
// this kernel evaluates each player's goal, an OR over `options` clauses each an AND of up to
// `conjuncts` literals (SPEC §4, XLand-style disjunctive normal form), and writes the reward
// (1 when the goal holds, else 0). Layouts:
//   truth    (E, numPred) byte: 1 = predicate true
//   literal  (E, P, options, conjuncts) int: predicate index, or −1 for an unused slot
//   negated  (E, P, options, conjuncts) byte: 1 = the literal is negated
//   reward   (E, P) float
// A clause with no used slot is absent (false), so padding never satisfies a goal. The kernel does
// boolean work only: it adds no FLOPs (docs/GPU.md); the predicates' own arithmetic is counted by
// whoever computes `truth`.
#pragma once

extern "C" __global__ void fw_goal_dnf(int E, int P, int numPred, int options, int conjuncts,
                                       const unsigned char* __restrict__ truth, const int* __restrict__ literal,
                                       const unsigned char* __restrict__ negated, float* __restrict__ reward)
{
    long long n = (long long)E * P;
    FW_GRID_STRIDE(ep, n) {
        long long e = ep / P;
        const unsigned char* tv = truth + e * numPred;
        const int* lit = literal + ep * options * conjuncts;
        const unsigned char* neg = negated + ep * options * conjuncts;
        bool goal = false;
        for (int o = 0; o < options && !goal; o++) {
            bool clause = true, used = false;
            for (int c = 0; c < conjuncts; c++) {
                int s = o * conjuncts + c;
                int p = lit[s];
                if (p < 0) continue;
                used = true;
                bool v = p < numPred && tv[p] != 0;
                if (neg[s]) v = !v;
                clause = clause && v;
            }
            goal = used && clause;
        }
        reward[ep] = goal ? 1.f : 0.f;
    }
}
