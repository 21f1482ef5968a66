/**
 * The local intent classifier: trained in-process at start-up from the
 * examples in config, no network, no API key.
 *
 * Model (details and measurements in docs/intent-classifier.md):
 * hashed TF-IDF features (stemmed word 1–2-grams + char 2–5-grams within
 * words, features.ts) → one-vs-rest linear SVMs (svm.ts) → the top score is
 * mapped to a calibrated probability of being right (confidence.ts), fitted
 * on held-out predictions (holdout.ts). Text whose confidence is below
 * `threshold` is out of scope (`intent: null`).
 *
 * Each intent's own name ("order_status" → "order status") is added as one
 * extra training example: it is free, always available, and measurably helps
 * when an intent has only a handful of examples. For few-shot sets the
 * names also define shared attributes (clf-attributes.ts) and words get
 * customer-service synonym classes (clf-synonyms.ts); with at least 40
 * intents, pretrained word vectors add a dense block (features-vectors.ts).
 */
import { nameAttributes, trainIntentModel } from "./clf-attributes.js";
import { fitConfidence, rankScores } from "./confidence.js";
import { DEFAULT_FEATURES, fitFeatureSpace, rawFeatures, toVector, vectorize, type FeatureOptions } from "./features.js";
import { heldOutScores } from "./holdout.js";
import { scoreInto } from "./linear-model.js";
import { toCsr } from "./sparse.js";
import { DEFAULT_SVM } from "./svm.js";
import { resolveWordVectors, type WordVectorSource } from "./word-vectors.js";

export interface IntentExample {
  text: string;
  intent: string;
}

export interface IntentPrediction {
  /** The top intent, or null when the text is out of scope (confidence < threshold). */
  intent: string | null;
  /** Calibrated probability (0..1) that the top-ranked intent is the right one. */
  confidence: number;
  /**
   * The five best intents (fewer if fewer exist), best first, whatever the
   * threshold. Confidences are non-increasing and sum to at most 1; the first
   * equals `confidence`.
   */
  ranking: { intent: string; confidence: number }[];
}

export interface IntentClassifier {
  /** Intent names, sorted; the classes the model can predict. */
  intents: readonly string[];
  classify(text: string): IntentPrediction;
  /** Rejection threshold on `confidence`; may be changed after training. */
  threshold: number;
}

export interface TrainIntentOptions {
  /** Rejection threshold on the calibrated confidence; see {@link DEFAULT_THRESHOLD}. */
  threshold?: number;
  /** Seed for every random choice (example order, hold-out folds). Default 1. */
  seed?: number;
  /** Upper bound on coordinate-descent passes per intent. Default 15 (40 with word vectors). */
  epochs?: number;
  /**
   * Known out-of-scope texts. Never a class: they join the calibration as
   * wrong answers and, when `threshold` is not given, set it to the lowest
   * value rejecting ≥ 80 % of them.
   */
  outOfScope?: readonly string[];
  /**
   * Share of traffic assumed to ask for no known intent, used to weigh the
   * held-out "unknown intent" examples in calibration. Default 0.1.
   */
  unknownIntentPrior?: number;
  /** SVM regularisation (higher = fits the training data harder). Default 3. */
  C?: number;
  /**
   * Feature settings; defaults in DEFAULT_FEATURES, except `synonyms`, which
   * defaults to on for few-shot sets ({@link FEW_SHOT_MAX_MEAN_EXAMPLES}).
   */
  features?: Partial<FeatureOptions>;
  /** Add each intent's name ("order_status" → "order status") as an example. Default true. */
  intentNamesAsExamples?: boolean;
  /**
   * Share evidence between intents whose names share words
   * (clf-attributes.ts). Default: on for few-shot sets (see
   * {@link FEW_SHOT_MAX_MEAN_EXAMPLES}).
   */
  nameAttributes?: boolean;
  /**
   * Pretrained word vectors (word-vectors.ts) for a dense feature block,
   * used for few-shot sets ({@link FEW_SHOT_MAX_MEAN_EXAMPLES}) with at
   * least {@link WORD_VECTORS_MIN_INTENTS} intents: +0.9 points of Banking77
   * 10-shot accuracy (10 draws), +0.3 at 30-shot; large sets would only pay
   * training time. A loader function is called only when they would be
   * used. Default none: the model then needs no file at all.
   */
  wordVectors?: WordVectorSource;
  /** Fewest intents for which `wordVectors` are used; see {@link WORD_VECTORS_MIN_INTENTS}. */
  wordVectorsMinIntents?: number;
}

/**
 * A training set with at most this many examples per intent on average is
 * "few-shot": name attributes and synonym classes (`features.synonyms`) are
 * then on by default. They bridge vocabulary that a handful of examples
 * cannot cover (+2.7 points of Banking77 10-shot accuracy together); with
 * ~100 examples per intent the data covers it, they no longer help (Banking77
 * full −0.1) and the synonym classes cost ~0.8 points of CLINC150 in-scope
 * accuracy at 80 % out-of-scope recall, so large sets train the plain model.
 */
export const FEW_SHOT_MAX_MEAN_EXAMPLES = 40;

/**
 * Word vectors are used only with at least this many intents. With a few
 * intents of one narrow domain, word vectors mostly measure "sounds like
 * this domain", which is what out-of-scope text close to the domain also
 * does: on random CLINC150 10-shot subsets (oos rows kept), in-scope
 * accuracy at 80 % out-of-scope recall moved −0.4 points with 8 intents and
 * −0.8 with 20, but +0.8 with 40, +0.2 with 80 and +1.2 with all 150; on the
 * 8-intent shop fixture "tell me a joke about penguins" rose from 0.41 to
 * 0.93 confidence (talk_to_human). So typical configs (5–30 intents) keep
 * the plain few-shot model and its tested out-of-scope behaviour.
 */
export const WORD_VECTORS_MIN_INTENTS = 40;

/**
 * Default rejection threshold when neither `threshold` nor `outOfScope` texts
 * are given: answer only when the calibrated probability of being right is
 * at least one half.
 */
export const DEFAULT_THRESHOLD = 0.5;

/** Whether a training set of this size is few-shot ({@link FEW_SHOT_MAX_MEAN_EXAMPLES}). */
function isFewShot(examples: number, intents: number): boolean {
  return examples <= FEW_SHOT_MAX_MEAN_EXAMPLES * intents;
}

function wantsWordVectorsForSize(examples: number, intents: number, minIntents = WORD_VECTORS_MIN_INTENTS): boolean {
  return isFewShot(examples, intents) && intents >= minIntents;
}

/** The examples training uses: blank texts or intents are ignored. */
function usableExamples(examples: readonly IntentExample[]): IntentExample[] {
  return examples.filter((e) => e.text.trim() !== "" && e.intent.trim() !== "");
}

/**
 * Whether training on these examples would use the word-vector block (when
 * vectors are given), decided exactly as {@link trainIntentClassifier} does,
 * so a caller can load the vectors only when they will be used.
 */
export function wantsWordVectors(examples: readonly IntentExample[], minIntents = WORD_VECTORS_MIN_INTENTS): boolean {
  const usable = usableExamples(examples);
  return wantsWordVectorsForSize(usable.length, new Set(usable.map((e) => e.intent)).size, minIntents);
}

const RANKING_SIZE = 5;
const EPOCHS_WITH_WORD_VECTORS = 40;

/**
 * Trains a classifier. Deterministic: the same examples and options (seed
 * included) give the same model and the same predictions. Blank examples are
 * ignored; at least one must remain.
 */
export function trainIntentClassifier(examples: IntentExample[], options: TrainIntentOptions = {}): IntentClassifier {
  const seed = options.seed ?? 1;
  const usable = usableExamples(examples);
  if (usable.length === 0) throw new Error("trainIntentClassifier: no non-empty examples");
  const intents = [...new Set(usable.map((e) => e.intent))].sort();
  const fewShot = isFewShot(usable.length, intents.length);
  const wordVectors = wantsWordVectorsForSize(usable.length, intents.length, options.wordVectorsMinIntents) ? resolveWordVectors(options.wordVectors) : null;
  const useVectors = wordVectors !== null;
  // Dense columns slow coordinate descent down: with them, 40 passes beat 15
  // by +0.2 points (Banking77 10-shot, 10 draws); without, it made no difference.
  const maxEpochs = options.epochs ?? (useVectors ? EPOCHS_WITH_WORD_VECTORS : DEFAULT_SVM.maxEpochs);
  const svm = { ...DEFAULT_SVM, C: options.C ?? DEFAULT_SVM.C, maxEpochs, seed };
  const features: FeatureOptions = {
    ...DEFAULT_FEATURES,
    synonyms: fewShot,
    wordVectors,
    ...options.features,
  };
  const index = new Map(intents.map((name, i) => [name, i]));

  const texts = usable.map((e) => e.text);
  const labels = usable.map((e) => index.get(e.intent)!);
  const alwaysTrain = usable.map(() => false);
  if (options.intentNamesAsExamples ?? true) {
    intents.forEach((name, i) => {
      texts.push(name.replace(/[_\-.:/]+/g, " "));
      labels.push(i);
      alwaysTrain.push(true);
    });
  }
  const raws = texts.map((t) => rawFeatures(t, features));
  const attributes = (options.nameAttributes ?? fewShot) ? nameAttributes(intents) : null;
  const set = { raws, labels: Int32Array.from(labels), alwaysTrain, classes: intents.length, attributes };

  const oosRaws = (options.outOfScope ?? []).map((t) => rawFeatures(t, features));
  const held = heldOutScores(set, oosRaws, features, svm, seed);
  const confidenceModel = fitConfidence(held, options.unknownIntentPrior ?? 0.1);

  const space = fitFeatureSpace(raws, features);
  const X = toCsr(raws.map((r) => toVector(space, r)));
  const model = trainIntentModel(X, set.labels, intents.length, space.dim, svm, attributes);

  const scores = new Float64Array(intents.length);
  const classifier: IntentClassifier = {
    intents,
    threshold: options.threshold ?? confidenceModel.oosThreshold ?? DEFAULT_THRESHOLD,
    classify(text: string): IntentPrediction {
      scoreInto(model, vectorize(space, text), scores);
      const ranked = rankScores(confidenceModel, scores, RANKING_SIZE);
      const top = ranked[0]!;
      return {
        intent: top.confidence >= classifier.threshold ? intents[top.index]! : null,
        confidence: top.confidence,
        ranking: ranked.map((r) => ({ intent: intents[r.index]!, confidence: r.confidence })),
      };
    },
  };
  return classifier;
}
