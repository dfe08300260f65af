package io.stockflow.bench.cost;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The runs' raw costs as JSON beside the report, so a later run can compare itself with them. */
public final class CostFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What is stored: when, on which commit and processor model (null in older files), and every run's costs. */
    public record Stored(String generated, String commit, String cpu, List<List<Cost>> runs) {
    }

    private CostFile() {
    }

    public static void write(Path file, Stored stored) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), stored);
    }

    public static Stored read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<Stored>() { });
    }
}
