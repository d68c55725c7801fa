package org.medcl.tools.evaluate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medcl.data.Volume;
import org.medcl.data.dataset.DatasetDescriptor;
import org.medcl.data.dataset.DatasetDescriptor.LabelClass;
import org.medcl.data.dataset.DatasetException;
import org.medcl.data.nifti.NiftiException;
import org.medcl.data.nifti.NiftiReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medcl evaluate}: scores a folder of predicted label volumes against ground truth and
 * writes {@code evaluation.csv}, {@code evaluation.json} and {@code summary.md}.
 *
 * <p>Files are paired by subject id ({@link CasePairs}); scores are those of {@link
 * SegmentationMetrics} in mm with the ground truth's voxel spacing; the summary is {@link
 * Summary}'s, its columns the classes from the highest label value down (LV, MYO, RV for
 * MSCMR, as in the paper), then their mean. Classes come from {@code --classes}, else from
 * {@code --descriptor}, else from a dataset descriptor ({@value DatasetDescriptor#DESCRIPTOR_FILE}
 * or {@code dataset.json}) in the ground-truth folder or one of its two parents, else from the
 * MSCMR descriptor.
 *
 * <p>Exit codes: 0 when every case was scored; 1 for bad input (a missing folder or
 * counterpart, unreadable or mismatched volumes, bad options), with the reason on the error
 * writer.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    description = {
      "Scores predicted label volumes against ground truth: per case and class Dice, "
          + "Hausdorff distance (HD), HD95 and average symmetric surface distance (ASSD), "
          + "in mm using the ground truth's voxel spacing.",
      "",
      "Pairing: by subject id; a prediction <id>_DE_pred.nii.gz, <id>_DE.nii.gz or "
          + "<id>.nii.gz goes with the ground truth <id>_DE_manual.nii.gz or <id>.nii.gz. "
          + "Every file needs its counterpart. Probability maps (*_prob.nii.gz) are skipped.",
      "Surfaces: foreground voxels with a 6-connected background neighbour (outside the "
          + "volume counts as background); distances from an exact Euclidean distance "
          + "transform. HD95: 95th percentile of the union of both directed distance sets "
          + "(medpy's convention). ASSD: mean of the two directed mean distances (medpy's).",
      "Empty masks: both empty gives Dice 1 and distances 0; one empty gives Dice 0 and "
          + "distances NaN. The summary (mean ± std over cases, population std) averages the "
          + "finite values and shows per class how many cases were NaN.",
      "Writes evaluation.csv, evaluation.json and summary.md to --output and prints the "
          + "summary. Exit code 0 on success, 1 for bad input.",
      ""
    })
public final class EvaluateCommand implements Callable<Integer> {
  /** Name of the per-case CSV written. */
  public static final String CSV_FILE = "evaluation.csv";

  /** Name of the per-case JSON written. */
  public static final String JSON_FILE = "evaluation.json";

  /** Name of the summary written. */
  public static final String SUMMARY_FILE = "summary.md";

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

  @Spec private CommandSpec spec;

  @Option(names = "--pred", required = true, paramLabel = "<folder>",
      description = "Folder of predicted label volumes.")
  private Path pred;

  @Option(names = "--gt", required = true, paramLabel = "<folder>",
      description = "Folder of ground-truth label volumes.")
  private Path gt;

  @Option(names = "--output", paramLabel = "<folder>",
      description = "Folder of the reports (default: the --pred folder).")
  private Path output;

  @Option(names = "--classes", split = ",", paramLabel = "NAME=VALUE",
      description = "Classes to score, e.g. RV=1,MYO=2,LV=3 (default: from the dataset "
          + "descriptor).")
  private Map<String, Integer> classes;

  @Option(names = "--descriptor", paramLabel = "<file>",
      description = "Dataset descriptor (medcl-dataset.json or nnU-Net dataset.json) giving "
          + "the class names and values.")
  private Path descriptor;

  @Option(names = "--name", paramLabel = "<run>",
      description = "Row name of the run in the summary (default: the --pred folder's name).")
  private String name;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      List<LabelClass> cls = resolveClasses();
      List<CasePairs.Pair> pairs = CasePairs.match(pred, gt);
      LOG.info("evaluate cases={} classes={} pred={} gt={}", pairs.size(),
          EvaluationReport.describe(cls), pred, gt);
      EvaluationReport report = new EvaluationReport(cls);
      for (CasePairs.Pair p : pairs) {
        report.add(p.id(), scoreCase(p, report));
      }
      Path dir = output != null ? output : pred;
      Files.createDirectories(dir);
      report.writeCsv(dir.resolve(CSV_FILE));
      report.writeJson(dir.resolve(JSON_FILE));
      String run = name != null ? name : runName(pred);
      Summary summary = Summary.of(run, report);
      String text = summary.tables();
      EvaluationReport.writeAtomically(dir.resolve(SUMMARY_FILE), text);
      out.print(text);
      out.println("Reports: " + dir.resolve(CSV_FILE) + ", " + dir.resolve(JSON_FILE) + ", "
          + dir.resolve(SUMMARY_FILE));
      out.flush();
      return 0;
    } catch (EvaluationException | IOException | IllegalArgumentException e) {
      err.println("evaluate: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private static Map<Integer, ClassScores> scoreCase(CasePairs.Pair p, EvaluationReport report)
      throws EvaluationException, NiftiException {
    Volume prediction = NiftiReader.read(p.prediction());
    Volume truth = NiftiReader.read(p.truth());
    long start = System.nanoTime();
    Map<Integer, ClassScores> scores = LabelVolumes.score(prediction, truth, report.labels());
    StringBuilder line = new StringBuilder("case=" + p.id());
    for (LabelClass c : report.classes()) {
      ClassScores s = scores.get(c.value());
      line.append(String.format(Locale.ROOT, " dice_%s=%.4f hd95_%s=%.2f", c.name(), s.dice(),
          c.name(), s.hausdorff95()));
    }
    LOG.info("{} ms={}", line, (System.nanoTime() - start) / 1_000_000);
    return scores;
  }

  /** The classes in the summary's column order: highest label value first. */
  private List<LabelClass> resolveClasses() throws DatasetException {
    List<LabelClass> cls = new ArrayList<>();
    if (classes != null && !classes.isEmpty()) {
      for (Map.Entry<String, Integer> e : classes.entrySet()) {
        if (e.getValue() == null || e.getValue() < 1) {
          throw new IllegalArgumentException("--classes " + e.getKey() + "=" + e.getValue()
              + ": expected a foreground label value of at least 1");
        }
        cls.add(new LabelClass(e.getKey(), e.getValue()));
      }
      LOG.info("classes from --classes");
    } else {
      DatasetDescriptor d = findDescriptor();
      cls.addAll(d.classes());
    }
    cls.sort(Comparator.comparingInt(LabelClass::value).reversed());
    return cls;
  }

  private DatasetDescriptor findDescriptor() throws DatasetException {
    if (descriptor != null) {
      return readDescriptor(descriptor);
    }
    Path dir = gt.toAbsolutePath().normalize();
    for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
      for (String file : List.of(DatasetDescriptor.DESCRIPTOR_FILE, "dataset.json")) {
        Path candidate = dir.resolve(file);
        if (Files.isRegularFile(candidate)) {
          return readDescriptor(candidate);
        }
      }
    }
    LOG.info("classes from the MSCMR descriptor (no descriptor file found near {})", gt);
    return DatasetDescriptor.mscmr();
  }

  private static DatasetDescriptor readDescriptor(Path file) throws DatasetException {
    DatasetDescriptor d = DatasetDescriptor.read(file);
    LOG.info("classes from descriptor file={}", file);
    return d;
  }

  private static String runName(Path folder) {
    Path n = folder.toAbsolutePath().normalize().getFileName();
    return n == null ? folder.toString() : n.toString();
  }
}
