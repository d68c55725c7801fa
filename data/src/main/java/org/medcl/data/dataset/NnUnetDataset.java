package org.medcl.data.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nnU-Net v2 raw layout: {@code dataset.json}, {@code imagesTr/<case>_0000<ending>} (one
 * 4-digit suffix per channel), {@code labelsTr/<case><ending>} and an optional
 * {@code imagesTs/}. Splits: {@code train} (imagesTr) and {@code test} (imagesTs, unlabelled);
 * {@code val} only when validation cases are named with {@link #withValidation(Set)}. Labels
 * are {@link LabelKind#SCRIBBLE} when the descriptor has an {@code ignore} label, else
 * {@link LabelKind#MANUAL}.
 */
public final class NnUnetDataset implements Dataset {
  /** The descriptor file of the layout. */
  public static final String DATASET_JSON = "dataset.json";
  private static final Pattern CHANNEL = Pattern.compile("(.+)_(\\d{4})");

  private final Path root;
  private final DatasetDescriptor descriptor;
  private final Map<String, List<CaseRef>> splits;

  private NnUnetDataset(Path root, DatasetDescriptor d, Map<String, List<CaseRef>> splits) {
    this.root = root;
    this.descriptor = d;
    this.splits = splits;
  }

  static boolean matches(Path root) {
    return Files.isRegularFile(root.resolve(DATASET_JSON))
        && Files.isDirectory(root.resolve("imagesTr"));
  }

  /**
   * Opens and scans an nnU-Net v2 raw folder.
   *
   * @throws DatasetException naming the file for an image without its label (or the reverse),
   *     a missing channel, a count that differs from {@code numTraining} or a bad dataset.json
   */
  public static NnUnetDataset open(Path root) throws DatasetException {
    if (!Files.isDirectory(root.resolve("imagesTr"))) {
      throw new DatasetException(root, "no imagesTr folder, expected the nnU-Net v2 raw layout");
    }
    Path json = root.resolve(DATASET_JSON);
    DatasetDescriptor d = DatasetDescriptor.read(json);
    Map<String, List<CaseRef>> splits = new LinkedHashMap<>();
    Map<String, List<Path>> train = scanImages(root.resolve("imagesTr"), d);
    Path labelsTr = root.resolve("labelsTr");
    if (!Files.isDirectory(labelsTr)) {
      throw new DatasetException(labelsTr, "folder not found, expected the training labels");
    }
    Map<String, Path> labels = new TreeMap<>();
    for (Path p : MscmrDataset.niftiFiles(labelsTr, d.fileEnding())) {
      String id = MscmrDataset.stem(p, d.fileEnding());
      if (!train.containsKey(id)) {
        throw new DatasetException(p, "label has no image, expected "
            + root.resolve("imagesTr").resolve(id + "_0000" + d.fileEnding()));
      }
      labels.put(id, p);
    }
    LabelKind kind = d.unannotatedValue().isPresent() ? LabelKind.SCRIBBLE : LabelKind.MANUAL;
    List<CaseRef> trainCases = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : train.entrySet()) {
      Path label = labels.get(e.getKey());
      if (label == null) {
        throw new DatasetException(e.getValue().get(0), "image has no label, expected "
            + labelsTr.resolve(e.getKey() + d.fileEnding()));
      }
      trainCases.add(new CaseRef(e.getKey(), e.getValue(), label, kind));
    }
    if (d.numTraining().isPresent() && d.numTraining().getAsInt() != trainCases.size()) {
      throw new DatasetException(json, "numTraining is " + d.numTraining().getAsInt()
          + ", found " + trainCases.size() + " cases in imagesTr");
    }
    trainCases.sort((a, b) -> CaseIds.compare(a.id(), b.id()));
    splits.put("train", trainCases);
    Path ts = root.resolve("imagesTs");
    if (Files.isDirectory(ts)) {
      List<CaseRef> test = new ArrayList<>();
      scanImages(ts, d).forEach((id, files) -> test.add(CaseRef.unlabelled(id, files)));
      test.sort((a, b) -> CaseIds.compare(a.id(), b.id()));
      splits.put("test", test);
    }
    return new NnUnetDataset(root, d, splits);
  }

  private static Map<String, List<Path>> scanImages(Path dir, DatasetDescriptor d)
      throws DatasetException {
    int nc = d.channelCount();
    Map<String, Path[]> byCase = new TreeMap<>();
    for (Path p : MscmrDataset.niftiFiles(dir, d.fileEnding())) {
      Matcher m = CHANNEL.matcher(MscmrDataset.stem(p, d.fileEnding()));
      if (!m.matches()) {
        throw new DatasetException(p, "image name has no channel suffix, expected "
            + "<case>_0000" + d.fileEnding());
      }
      int ch = Integer.parseInt(m.group(2));
      if (ch >= nc) {
        throw new DatasetException(p, "channel " + ch + ", expected 0.." + (nc - 1) + " ("
            + d.channelNames() + " in dataset.json)");
      }
      byCase.computeIfAbsent(m.group(1), k -> new Path[nc])[ch] = p;
    }
    Map<String, List<Path>> out = new TreeMap<>();
    for (Map.Entry<String, Path[]> e : byCase.entrySet()) {
      List<Path> files = new ArrayList<>();
      for (int c = 0; c < nc; c++) {
        Path p = e.getValue()[c];
        if (p == null) {
          throw new DatasetException(dir.resolve(e.getKey() + String.format("_%04d", c)
              + d.fileEnding()), "channel file missing for case " + e.getKey()
              + ", expected " + nc + " channels " + d.channelNames());
        }
        files.add(p);
      }
      out.put(e.getKey(), files);
    }
    return out;
  }

  /**
   * The same dataset with the named training cases moved into a {@code val} split.
   *
   * @throws IllegalArgumentException if a name is not a training case
   */
  public NnUnetDataset withValidation(Set<String> caseIds) {
    List<CaseRef> train = new ArrayList<>();
    List<CaseRef> val = new ArrayList<>();
    Set<String> found = new HashSet<>();
    for (CaseRef c : splits.get("train")) {
      if (caseIds.contains(c.id())) {
        val.add(c);
        found.add(c.id());
      } else {
        train.add(c);
      }
    }
    Set<String> missing = new HashSet<>(caseIds);
    missing.removeAll(found);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("validation cases " + missing + " are not in "
          + root.resolve("imagesTr") + ", expected training case ids");
    }
    Map<String, List<CaseRef>> s = new LinkedHashMap<>();
    s.put("train", train);
    s.put("val", val);
    if (splits.containsKey("test")) {
      s.put("test", splits.get("test"));
    }
    return new NnUnetDataset(root, descriptor, s);
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public Layout layout() {
    return Layout.NNUNET;
  }

  @Override
  public DatasetDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public List<String> splits() {
    return List.copyOf(splits.keySet());
  }

  @Override
  public List<CaseRef> cases(String split) {
    List<CaseRef> c = splits.get(split);
    if (c == null) {
      throw new IllegalArgumentException("split '" + split + "' not in " + root
          + ", expected one of " + splits.keySet());
    }
    return Collections.unmodifiableList(c);
  }
}
