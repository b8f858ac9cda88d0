package dev.skiff.train;

import dev.skiff.spi.Channel;
import dev.skiff.spi.Hyperparameters;

import java.util.List;
import java.util.Optional;

/**
 * The job as {@code /opt/ml/input/config} describes it.
 *
 * @param hyperparameters {@code hyperparameters.json} (empty when the file is absent)
 * @param currentHost     {@code current_host} of {@code resourceconfig.json} ({@code algo-1} when absent)
 * @param hosts           {@code hosts} of {@code resourceconfig.json}
 * @param networkInterface {@code network_interface_name} of {@code resourceconfig.json}: where hosts talk to each
 *                        other ({@code eth0}), when given
 * @param channels        {@code inputdataconfig.json} in its order; when absent, the folders of {@code input/data}
 */
record TrainingEnvironment(Hyperparameters hyperparameters, String currentHost, List<String> hosts,
                           Optional<String> networkInterface, List<ChannelSpec> channels) {
    TrainingEnvironment {
        hosts = List.copyOf(hosts);
        channels = List.copyOf(channels);
    }

    /**
     * One channel's declaration.
     *
     * @param recordIoWrapped {@code RecordWrapperType: RecordIO}: in Pipe mode, SageMaker wraps each S3 object (or
     *                        augmented-manifest attribute) in a RecordIO frame
     */
    record ChannelSpec(String name, Optional<String> contentType, Channel.Mode mode, boolean recordIoWrapped) {
        ChannelSpec(String name, Optional<String> contentType, Channel.Mode mode) {
            this(name, contentType, mode, false);
        }
    }
}
