package org.medcl.tools.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.medcl.data.dataset.CaseIds;

/**
 * Pairs prediction files with ground-truth files by subject id.
 *
 * <p>Matching rule. Only files ending in {@code .nii.gz} or {@code .nii} are considered (the
 * CSV, JSON and PNG reports beside them are ignored), and so are probability maps, whose name
 * ends in {@code _prob} or {@code _probs} before the extension. The id of a file is its name
 * without the extension and without the first matching suffix of a list:
 *
 * <ul>
 *   <li>predictions: {@code _DE_pred}, {@code _pred}, {@code _DE}; e.g. {@code
 *       subject3_DE_pred.nii.gz}, {@code subject3_DE.nii.gz} and {@code subject3.nii.gz} all
 *       have id {@code subject3};
 *   <li>ground truth: {@code _DE_manual}, {@code _manual}, {@code _DE}; e.g. {@code
 *       subject3_DE_manual.nii.gz} has id {@code subject3}.
 * </ul>
 *
 * <p>Every prediction must have a ground truth and every ground truth a prediction; two files
 * of a folder with the same id are an error. Pairs are sorted by id (natural order, so {@code
 * subject2} comes before {@code subject10}).
 */
public final class CasePairs {
  /** Suffixes stripped from prediction names, tried in this order. */
  public static final List<String> PREDICTION_SUFFIXES = List.of("_DE_pred", "_pred", "_DE");

  /** Suffixes stripped from ground-truth names, tried in this order. */
  public static final List<String> TRUTH_SUFFIXES = List.of("_DE_manual", "_manual", "_DE");

  /** Name endings (before the extension) of probability maps, which are skipped. */
  public static final List<String> SKIPPED_SUFFIXES = List.of("_prob", "_probs");

  /**
   * A prediction and its ground truth.
   *
   * @param id the subject id
   * @param prediction the prediction file
   * @param truth the ground-truth file
   */
  public record Pair(String id, Path prediction, Path truth) {}

  private CasePairs() {}

  /**
   * Pairs the NIfTI files of two folders.
   *
   * @throws EvaluationException naming the folder or file when a folder is missing or empty,
   *     a file lacks its counterpart, or two files share an id
   */
  public static List<Pair> match(Path predictions, Path truths) throws EvaluationException {
    Map<String, Path> pred = index(predictions, PREDICTION_SUFFIXES, "prediction");
    Map<String, Path> gt = index(truths, TRUTH_SUFFIXES, "ground-truth");
    for (Map.Entry<String, Path> e : pred.entrySet()) {
      if (!gt.containsKey(e.getKey())) {
        throw new EvaluationException(e.getValue(), "no ground truth for subject '" + e.getKey()
            + "', expected " + truths.resolve(e.getKey() + "_DE_manual.nii.gz") + " or "
            + truths.resolve(e.getKey() + ".nii.gz"));
      }
    }
    for (Map.Entry<String, Path> e : gt.entrySet()) {
      if (!pred.containsKey(e.getKey())) {
        throw new EvaluationException(e.getValue(), "no prediction for subject '" + e.getKey()
            + "', expected " + predictions.resolve(e.getKey() + "_DE_pred.nii.gz") + " or "
            + predictions.resolve(e.getKey() + ".nii.gz"));
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (Map.Entry<String, Path> e : pred.entrySet()) {
      pairs.add(new Pair(e.getKey(), e.getValue(), gt.get(e.getKey())));
    }
    return pairs;
  }

  /** The subject id of a prediction file name, empty when the file is not considered. */
  public static Optional<String> predictionId(String fileName) {
    return id(fileName, PREDICTION_SUFFIXES);
  }

  /** The subject id of a ground-truth file name, empty when the file is not considered. */
  public static Optional<String> truthId(String fileName) {
    return id(fileName, TRUTH_SUFFIXES);
  }

  private static Optional<String> id(String fileName, List<String> suffixes) {
    String stem;
    if (fileName.endsWith(".nii.gz")) {
      stem = fileName.substring(0, fileName.length() - ".nii.gz".length());
    } else if (fileName.endsWith(".nii")) {
      stem = fileName.substring(0, fileName.length() - ".nii".length());
    } else {
      return Optional.empty();
    }
    for (String skip : SKIPPED_SUFFIXES) {
      if (stem.endsWith(skip)) {
        return Optional.empty();
      }
    }
    for (String suffix : suffixes) {
      if (stem.endsWith(suffix) && stem.length() > suffix.length()) {
        return Optional.of(stem.substring(0, stem.length() - suffix.length()));
      }
    }
    return stem.isEmpty() ? Optional.empty() : Optional.of(stem);
  }

  private static Map<String, Path> index(Path folder, List<String> suffixes, String what)
      throws EvaluationException {
    if (!Files.isDirectory(folder)) {
      throw new EvaluationException(folder, what + " folder not found, expected a folder of "
          + "NIfTI files");
    }
    Map<String, Path> byId = new TreeMap<>(CasePairs::naturalCompare);
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new EvaluationException(folder, "cannot list " + what + " folder: " + e);
    }
    for (Path f : files) {
      Optional<String> id = id(f.getFileName().toString(), suffixes);
      if (id.isEmpty()) {
        continue;
      }
      Path other = byId.put(id.get(), f);
      if (other != null) {
        throw new EvaluationException(f, "same subject id '" + id.get() + "' as " + other
            + ", expected one " + what + " file per subject");
      }
    }
    if (byId.isEmpty()) {
      throw new EvaluationException(folder, "no " + what + " files (*.nii.gz or *.nii) found");
    }
    return byId;
  }

  /** Compares names with digit runs taken as numbers: subject2 before subject10. */
  static int naturalCompare(String a, String b) {
    return CaseIds.compare(a, b);
  }
}
