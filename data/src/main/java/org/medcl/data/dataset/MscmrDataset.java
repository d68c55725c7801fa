package org.medcl.data.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The MSCMR layout: {@code <root>/<split>/images/<id>_DE.nii.gz} paired by subject id with
 * {@code <root>/<split>/labels/<id>_DE_scribble.nii.gz} (kind {@link LabelKind#SCRIBBLE}) or
 * {@code <id>_DE_manual.nii.gz} ({@link LabelKind#MANUAL}); {@code .nii} works as well. A split
 * is any sub-folder with an {@code images} folder. When a case has both kinds the scribble is
 * used. A split without a {@code labels} folder has unlabelled cases. The descriptor is read from
 * {@code <root>/medcl-dataset.json} if present, else {@link DatasetDescriptor#mscmr()}.
 */
public final class MscmrDataset implements Dataset {
  private static final String IMAGE_SUFFIX = "_DE";
  private static final String SCRIBBLE_SUFFIX = "_DE_scribble";
  private static final String MANUAL_SUFFIX = "_DE_manual";

  private final Path root;
  private final DatasetDescriptor descriptor;
  private final Map<String, List<CaseRef>> splits;

  private MscmrDataset(Path root, DatasetDescriptor descriptor,
      Map<String, List<CaseRef>> splits) {
    this.root = root;
    this.descriptor = descriptor;
    this.splits = splits;
  }

  /** Whether a folder looks like the MSCMR layout (a sub-folder with {@code images}). */
  static boolean matches(Path root) {
    return !splitFolders(root).isEmpty();
  }

  private static List<Path> splitFolders(Path root) {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.filter(p -> Files.isDirectory(p.resolve("images"))).sorted().forEach(out::add);
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }

  /**
   * Opens and scans an MSCMR-layout folder.
   *
   * @throws DatasetException naming the file for an image without its label, a label without
   *     its image, a badly named volume or a bad descriptor
   */
  public static MscmrDataset open(Path root) throws DatasetException {
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, "folder not found, expected an MSCMR dataset folder");
    }
    Path descFile = root.resolve(DatasetDescriptor.DESCRIPTOR_FILE);
    DatasetDescriptor d = Files.isRegularFile(descFile) ? DatasetDescriptor.read(descFile)
        : DatasetDescriptor.mscmr();
    List<Path> folders = splitFolders(root);
    if (folders.isEmpty()) {
      throw new DatasetException(root, "no <split>/images folder, expected e.g. train/images "
          + "and train/labels (MSCMR layout)");
    }
    Map<String, List<CaseRef>> splits = new LinkedHashMap<>();
    for (Path f : folders) {
      splits.put(f.getFileName().toString(), scanSplit(f, d.fileEnding()));
    }
    return new MscmrDataset(root, d, splits);
  }

  private static List<CaseRef> scanSplit(Path split, String ending) throws DatasetException {
    Map<String, Path> images = new TreeMap<>();
    for (Path p : niftiFiles(split.resolve("images"), ending)) {
      String stem = stem(p, ending);
      if (!stem.endsWith(IMAGE_SUFFIX)) {
        throw new DatasetException(p, "image name does not end in " + IMAGE_SUFFIX + ending
            + ", expected <id>" + IMAGE_SUFFIX + ending);
      }
      images.put(stem.substring(0, stem.length() - IMAGE_SUFFIX.length()), p);
    }
    Path labelDir = split.resolve("labels");
    List<CaseRef> cases = new ArrayList<>();
    if (!Files.isDirectory(labelDir)) {
      images.forEach((id, p) -> cases.add(CaseRef.unlabelled(id, List.of(p))));
      cases.sort((a, b) -> CaseIds.compare(a.id(), b.id()));
      return cases;
    }
    Map<String, Path> scribbles = new TreeMap<>();
    Map<String, Path> manuals = new TreeMap<>();
    for (Path p : niftiFiles(labelDir, ending)) {
      String stem = stem(p, ending);
      if (stem.endsWith(SCRIBBLE_SUFFIX)) {
        scribbles.put(stem.substring(0, stem.length() - SCRIBBLE_SUFFIX.length()), p);
      } else if (stem.endsWith(MANUAL_SUFFIX)) {
        manuals.put(stem.substring(0, stem.length() - MANUAL_SUFFIX.length()), p);
      } else {
        throw new DatasetException(p, "label name ends in neither " + SCRIBBLE_SUFFIX + ending
            + " nor " + MANUAL_SUFFIX + ending + ", expected <id>" + SCRIBBLE_SUFFIX + ending
            + " or <id>" + MANUAL_SUFFIX + ending);
      }
    }
    for (Map.Entry<String, Path> e : scribbles.entrySet()) {
      requireImage(images, e.getKey(), e.getValue(), split);
    }
    for (Map.Entry<String, Path> e : manuals.entrySet()) {
      requireImage(images, e.getKey(), e.getValue(), split);
    }
    // TODO: a case with both a scribble and a manual label uses the scribble; there is no option
    // to pick the manual mask yet because the shared data never ships both for one case.
    for (Map.Entry<String, Path> e : images.entrySet()) {
      String id = e.getKey();
      if (scribbles.containsKey(id)) {
        cases.add(new CaseRef(id, List.of(e.getValue()), scribbles.get(id),
            LabelKind.SCRIBBLE));
      } else if (manuals.containsKey(id)) {
        cases.add(new CaseRef(id, List.of(e.getValue()), manuals.get(id), LabelKind.MANUAL));
      } else {
        throw new DatasetException(e.getValue(), "image has no label, expected "
            + labelDir.resolve(id + SCRIBBLE_SUFFIX + ending) + " or " + id + MANUAL_SUFFIX
            + ending);
      }
    }
    cases.sort((a, b) -> CaseIds.compare(a.id(), b.id()));
    return cases;
  }

  private static void requireImage(Map<String, Path> images, String id, Path label, Path split)
      throws DatasetException {
    if (!images.containsKey(id)) {
      throw new DatasetException(label, "label has no image, expected "
          + split.resolve("images").resolve(id + IMAGE_SUFFIX + ".nii.gz"));
    }
  }

  static List<Path> niftiFiles(Path dir, String ending) throws DatasetException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> isNifti(p, ending) && Files.isRegularFile(p)).sorted().forEach(out::add);
    } catch (IOException e) {
      throw new DatasetException(dir, "cannot list folder: " + e, e);
    }
    return out;
  }

  private static boolean isNifti(Path p, String ending) {
    String n = p.getFileName().toString();
    return n.endsWith(ending) || n.endsWith(".nii") || n.endsWith(".nii.gz");
  }

  static String stem(Path p, String ending) {
    String n = p.getFileName().toString();
    for (String e : new String[] {ending, ".nii.gz", ".nii"}) {
      if (n.endsWith(e)) {
        return n.substring(0, n.length() - e.length());
      }
    }
    return n;
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public Layout layout() {
    return Layout.MSCMR;
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
