package dev.acmstream.asr.text;

/** Spells numbers the way people say them in American English: 105 is "one hundred five". */
public final class NumberWords {
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"};
    private static final String[] SCALES = {"", "thousand", "million", "billion", "trillion", "quadrillion",
        "quintillion"};
    private static final String[] ORDINAL_ONES = {"zeroth", "first", "second", "third", "fourth", "fifth", "sixth",
        "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
        "sixteenth", "seventeenth", "eighteenth", "nineteenth"};

    private NumberWords() {
    }

    /** The cardinal, e.g. {@code 2041 -> "two thousand forty one"}. */
    public static String cardinal(long n) {
        if (n < 0) {
            return "minus " + cardinal(-n);
        }
        if (n < 20) {
            return ONES[(int) n];
        }
        StringBuilder sb = new StringBuilder();
        int scale = 0;
        String result = "";
        while (n > 0) {
            int group = (int) (n % 1000);
            if (group > 0) {
                String words = below1000(group) + (scale > 0 ? " " + SCALES[scale] : "");
                result = result.isEmpty() ? words : words + " " + result;
            }
            n /= 1000;
            scale++;
        }
        sb.append(result);
        return sb.toString();
    }

    private static String below1000(int n) {
        StringBuilder sb = new StringBuilder();
        if (n >= 100) {
            sb.append(ONES[n / 100]).append(" hundred");
            n %= 100;
            if (n > 0) {
                sb.append(' ');
            }
        }
        if (n >= 20) {
            sb.append(TENS[n / 10]);
            if (n % 10 > 0) {
                sb.append(' ').append(ONES[n % 10]);
            }
        } else if (n > 0 || sb.length() == 0) {
            sb.append(ONES[n]);
        }
        return sb.toString();
    }

    /** The ordinal, e.g. {@code 21 -> "twenty first"}. */
    public static String ordinal(long n) {
        if (n < 20) {
            return ORDINAL_ONES[(int) n];
        }
        String c = cardinal(n);
        int space = c.lastIndexOf(' ');
        String last = c.substring(space + 1);
        String head = space < 0 ? "" : c.substring(0, space + 1);
        return head + ordinalWord(last);
    }

    private static String ordinalWord(String w) {
        for (int i = 0; i < ONES.length; i++) {
            if (ONES[i].equals(w)) {
                return ORDINAL_ONES[i];
            }
        }
        if (w.endsWith("y")) {
            return w.substring(0, w.length() - 1) + "ieth";
        }
        return w + "th";
    }

    /** Each digit alone, as in phone and account numbers: "0 4 2" -> "zero four two". */
    public static String digits(String ds) {
        StringBuilder sb = new StringBuilder();
        for (char c : ds.toCharArray()) {
            if (c >= '0' && c <= '9') {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(ONES[c - '0']);
            }
        }
        return sb.toString();
    }

    /** A four-digit year as people say it: 1999 -> "nineteen ninety nine", 2005 -> "two thousand five". */
    public static String year(int y) {
        if (y >= 2000 && y < 2010) {
            return cardinal(y);
        }
        int hi = y / 100;
        int lo = y % 100;
        if (lo == 0) {
            return cardinal(hi) + " hundred";
        }
        return cardinal(hi) + " " + (lo < 10 ? "oh " + ONES[lo] : cardinal(lo));
    }
}
