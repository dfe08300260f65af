/** Run as a single-file program by CpuSamplerTest: work that the JIT compilers compile, for a minute at most. */
public class Spin {
    public static void main(String[] args) {
        long end = System.nanoTime() + 60_000_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000_000; i++) {
                x += Long.toString(x ^ i).hashCode();
            }
        }
        System.out.println(x);
    }
}
