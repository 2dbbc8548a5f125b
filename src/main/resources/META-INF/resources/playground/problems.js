// Example problems: four from the synthetic test split (`fastmath data generate --seed 1`,
// test.csv) and three from the AIMO2 reference set. Copied here so the page needs no file access.
export const EXAMPLES = [
  { group: 'Synthetic test split', id: 'test-00009', answer: '162',
    problem: 'Find the sum of 99 and 63.' },
  { group: 'Synthetic test split', id: 'test-00000', answer: '1445',
    problem: 'What is 85 * 17?' },
  { group: 'Synthetic test split', id: 'test-00011', answer: '7',
    problem: 'If 3x + 25 = 46, what is x?' },
  { group: 'Synthetic test split', id: 'test-00013', answer: '30',
    problem: 'In how many distinct ways can the letters of COCOA be arranged?' },
  { group: 'AIMO2 reference', id: '1acac0', answer: '50',
    problem: 'Triangle $ABC$ has side length $AB = 20$ and circumradius $R = 26$. Let $D$ be the foot of the '
      + 'perpendicular from $C$ to the line $AB$. What is the greatest possible length of segment $CD$?' },
  { group: 'AIMO2 reference', id: '71beb6', answer: '891',
    problem: 'For a positive integer $n$, let $S(n)$ denote the sum of the digits of $n$ in base 10. Compute '
      + '$S(S(1)+S(2)+\\cdots+S(N))$ with $N=10^{100}-2$.' },
  { group: 'AIMO2 reference', id: '057f8a', answer: '79',
    problem: 'Three airline companies operate flights from Dodola island. Each company has a different schedule '
      + 'of departures. The first company departs every 100 days, the second every 120 days, and the third '
      + 'every 150 days. What is the greatest positive integer d for which it is true that there will be d '
      + 'consecutive days without a flight from Dodola island, regardless of the departure times of the '
      + 'various airlines' },
];
