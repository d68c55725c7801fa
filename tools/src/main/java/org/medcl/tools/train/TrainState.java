package org.medcl.tools.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The loop's position, saved beside each checkpoint as {@code state.json}, so that a resumed run
 * continues exactly: the next step's batch and mixing draws are functions of the seed and the
 * step, the learning rate of the fractional epoch, and the best score decides the next
 * {@code best}.
 *
 * @param step optimisation steps done
 * @param epoch fractional epochs done
 * @param bestScore best mean validation Dice so far (-1 before the first validation)
 * @param bestStep step of the best score
 * @param validationsSinceBest validations since the best score, for patience
 * @param trainSeconds wall-clock seconds of training so far (across resumes)
 * @param labeledCases ids of the training cases that keep their scribbles
 */
public record TrainState(
    long step,
    double epoch,
    double bestScore,
    long bestStep,
    int validationsSinceBest,
    double trainSeconds,
    List<String> labeledCases) {

  /** File name inside a checkpoint folder. */
  public static final String FILE = "state.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Copies the list. */
  public TrainState {
    labeledCases = List.copyOf(labeledCases);
  }

  /** The state before the first step. */
  public static TrainState initial(List<String> labeledCases) {
    return new TrainState(0, 0, -1, -1, 0, 0, labeledCases);
  }

  /** Writes {@code state.json} into {@code folder}. */
  public void write(Path folder) throws IOException {
    AtomicFiles.writeString(folder.resolve(FILE), JSON.writeValueAsString(this));
  }

  /** Reads {@code state.json} from a checkpoint folder. */
  public static TrainState read(Path folder) throws IOException {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("checkpoint " + folder + " has no " + FILE);
    }
    return JSON.readValue(file.toFile(), TrainState.class);
  }
}
