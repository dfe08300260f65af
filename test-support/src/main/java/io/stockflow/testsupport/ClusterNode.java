package io.stockflow.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A node of {@link LocalRedisCluster}: its slot ranges as CLUSTER NODES lists them ("0-5460", "7000"). */
record ClusterNode(String id, int port, boolean master, String masterId, List<String> slots) {

    /** The nodes a CLUSTER NODES reply lists, without failed ones and ones still in handshake. */
    static List<ClusterNode> parse(String clusterNodes) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8 || f[2].contains("fail") || f[2].contains("handshake")) {
                continue;
            }
            int nodePort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
            nodes.add(new ClusterNode(f[0], nodePort, f[2].contains("master"), f[3],
                    List.of(Arrays.copyOfRange(f, 8, f.length))));
        }
        return nodes;
    }

    boolean serves(int slot) {
        for (String range : slots) {
            if (range.startsWith("[")) {
                continue; // a slot being migrated
            }
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[ends.length - 1]);
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }
}
