package dev.skiff.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A training group as {@link Cluster#join} returns it: the hosts that train together and this host's place among
 * them.
 *
 * @param currentHost this host's name
 * @param members     the hosts with data, sorted by name: the order of ranks. Empty of this host when it sits out
 * @param address     where this host's side of a collective should listen: the address of the job's
 *                    {@code network_interface_name} when the host has it, else what the host name resolves to (in
 *                    a single-host job, which needs no collective, the host's name)
 * @param rendezvous  what the master's {@link Cluster.Rendezvous} returned (empty for a group of one)
 * @param timeout     how long a collective library should wait to connect or to hear from a peer (Skiff's own
 *                    watch ends a group with a lost host sooner, naming it)
 */
public record Group(String currentHost, List<String> members, String address, Map<String, String> rendezvous,
                    Duration timeout) {
    public Group {
        members = List.copyOf(members);
        rendezvous = Map.copyOf(rendezvous);
    }

    /** False when this host has no data and sits the training out: return without writing anything. */
    public boolean member() {
        return members.contains(currentHost);
    }

    /** This host's rank: its index in {@link #members()}; -1 when it is not a member. */
    public int rank() {
        return members.indexOf(currentHost);
    }

    /** How many hosts train. */
    public int size() {
        return members.size();
    }

    /** True when more than one host trains, so the trainer must run its collective. */
    public boolean distributed() {
        return members.size() > 1;
    }

    /** The first member: the host that writes the model, checkpoints and the manifest. */
    public String masterHost() {
        return members.isEmpty() ? "" : members.get(0);
    }

    /** True on the master (rank 0). */
    public boolean master() {
        return rank() == 0;
    }
}
