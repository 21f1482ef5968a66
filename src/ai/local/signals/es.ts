/** Spanish signal patterns (folded text: no accents, so "ó" is written "o"). */
import { near, rule, whole, type SignalRule } from "./kinds.js";

const NINO = String.raw`\b(?:nin[oa]s?|hij[oa]s?|bebes?|pequen[oa]s?|crios?|(?:\d+|dos|tres|cuatro) anos)\b`;

export const ES_RULES: readonly SignalRule[] = [
  rule(
    "legal_threat",
    String.raw`\b(?:abogad[oa]s?|demandar\w*|(?:una|la|poner) demanda|denunci\w*|juicio|tribunal(?:es)?|juzgado|acciones legales|accion legal|via judicial|omic|oficina del consumidor)\b`,
  ),
  rule("chargeback", String.raw`\b(?:contracargos?|retrocesion|charge-?back)\b`),
  rule(
    "chargeback",
    near(
      String.raw`\b(?:cargos?|pagos?|cobros?|compras?|transaccion(?:es)?|dinero|importe)\b`,
      String.raw`\b(?:disput\w*|revert\w*|reversar|anular (?:el|este) (?:cargo|cobro|pago) con|desconocer|impugn\w*)\b`,
      40,
    ),
  ),
  rule(
    "chargeback",
    near(
      String.raw`\b(?:banco|tarjeta de credito|emisor de (?:la|mi) tarjeta|paypal)\b`,
      String.raw`\b(?:disput\w*|reclam\w*|revert\w*|anular|devolver el cargo|recuperar|impugn\w*)\b`,
      40,
    ),
  ),
  rule(
    "safety",
    String.raw`\b(?:suicid\w*|quitarme la vida|matarme|no quiero vivir|quiero morir(?:me)?|hacerme dano|autolesion\w*|cortarme|acabar con todo|no vale la pena vivir)\b`,
  ),
  rule("safety", near(NINO, String.raw`\b(?:trag(?:o|ado|ar)|se lo trago|atragant\w*|asfixi\w*|ahog\w*|en la boca)\b`, 60)),
  rule("safety", String.raw`\b(?:se trago|se ha tragado|ha tragado|pila de boton)\b`),
  rule("safety", near(NINO, String.raw`\b(?:abus\w*|maltrat\w*|en peligro)\b`, 30)),
  rule(
    "safety",
    String.raw`\b(?:herid[oa]s?|lesion(?:es|ado|ada)?|hospital|urgencias|ambulancia|puntos de sutura|sangr\w*|descarga electrica|electrocut\w*|incendi\w*|fuego|llamas|quem(?:o|ado|ada|adura|aduras)|explot\w*|explosion|humo|derriti\w*|asfixi\w*|reaccion alergica|intoxic\w*|envenen\w*)\b`,
  ),
  rule("safety", String.raw`\b(?:peligros[oa]s?|toxic[oa]s?)\b(?![^.!?\n]*\?)`),
  rule("security", String.raw`\b(?:hacke\w*|jaquea\w*|piratea\w*|suplantacion|robo de identidad|phishing|no autorizad[oa]s?)\b`),
  rule(
    "security",
    String.raw`\balguien\b[^.!?]{0,40}\b(?:entro|accedio|inicio sesion|se metio|uso|usa|esta usando|cambio|compro|pidio)\b[^.!?]{0,25}\b(?:mi cuenta|cuenta|mi tarjeta|mi contrasena)\b|\b(?:pedidos?|compras?|cargos?|pagos?)\b[^.!?]{0,30}\bque (?:yo )?no (?:hice|realice|autorice|he hecho|reconozco)\b|\bno reconozco (?:este|estos|esta|estas|el|la|los|las) (?:pedidos?|cargos?|compras?|pagos?)\b|\b(?:cambiaron|han cambiado) mi contrasena\b|\byo no (?:hice|he hecho) (?:este|estos|ese|esos) pedidos?\b`,
  ),
  rule(
    "human_request",
    String.raw`\bhablar con (?:un|una|el|la|alguien|algun|alguna)? ?(?:humano|persona|agente|asesor(?:a)?|operador(?:a)?|representante|encargad[oa]|responsable|alguien|ser humano|empleado)\b|\b(?:persona real|ser humano)\b|\bno (?:un|una|con un|con una) (?:bot|robot|maquina)\b`,
  ),
  rule("human_request", whole(String.raw`agente|humano|persona|asesor|operador|representante|atencion al cliente`)),
  rule(
    "abuse",
    String.raw`\b(?:idiotas?|imbeciles?|estupidos?|inutiles|incompetentes|ladrones|estafadores|cabrones|gilipollas|hijos de puta|vete a la mierda|id a la mierda)\b`,
  ),
];
