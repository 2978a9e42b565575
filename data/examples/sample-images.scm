; sample-images.scm - draw a sample content and style image with GIMP 2.10,
; so the demo needs no downloaded picture.  Deterministic (fixed seeds).
;
;   gimp-console-2.10 -i -b '(begin (load ".../sample-images.scm")
;       (neural-style-sample-images "content.png" "style.png"))' -b '(gimp-quit 0)'

(define (neural-style-sample-fill image layer select colour)
  (select)
  (gimp-context-set-foreground colour)
  (gimp-drawable-edit-fill layer FILL-FOREGROUND)
  (gimp-selection-none image))

(define (neural-style-sample-save image layer file)
  (gimp-file-save RUN-NONINTERACTIVE image layer file file)
  (gimp-image-delete image))

; A landscape: sky gradient, sun, two hills, a house.
(define (neural-style-sample-content file w h)
  (let* ((image (car (gimp-image-new w h RGB)))
         (layer (car (gimp-layer-new image w h RGB-IMAGE "content" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-context-set-foreground '(90 150 230))
    (gimp-context-set-background '(235 240 250))
    (gimp-drawable-edit-gradient-fill layer GRADIENT-LINEAR 0 FALSE 1 0 FALSE 0 0 0 h)
    (neural-style-sample-fill image layer
      (lambda () (gimp-image-select-ellipse image CHANNEL-OP-REPLACE
                   (* w 0.70) (* h 0.10) (* h 0.25) (* h 0.25)))
      '(255 220 90))
    (neural-style-sample-fill image layer
      (lambda () (gimp-image-select-ellipse image CHANNEL-OP-REPLACE
                   (* w -0.2) (* h 0.55) (* w 0.9) (* h 0.9)))
      '(60 140 60))
    (neural-style-sample-fill image layer
      (lambda () (gimp-image-select-ellipse image CHANNEL-OP-REPLACE
                   (* w 0.35) (* h 0.65) (* w 0.9) (* h 0.8)))
      '(90 170 70))
    (neural-style-sample-fill image layer
      (lambda () (gimp-image-select-rectangle image CHANNEL-OP-REPLACE
                   (* w 0.25) (* h 0.45) (* w 0.18) (* h 0.22)))
      '(200 70 50))
    (neural-style-sample-fill image layer
      (lambda () (gimp-image-select-rectangle image CHANNEL-OP-REPLACE
                   (* w 0.31) (* h 0.55) (* w 0.05) (* h 0.12)))
      '(70 45 30))
    (neural-style-sample-save image layer file)))

; A "painting": colourful plasma cut into bold diagonal strokes.
(define (neural-style-sample-style file w h)
  (let* ((image (car (gimp-image-new w h RGB)))
         (layer (car (gimp-layer-new image w h RGB-IMAGE "style" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer image layer 0 0)
    (plug-in-plasma RUN-NONINTERACTIVE image layer 7 3.0)
    (let loop ((i 0))
      (if (< i 12)
          (begin
            (gimp-image-select-polygon image CHANNEL-OP-REPLACE 8
              (vector (* i (/ w 6)) 0 (+ (* i (/ w 6)) (/ w 24)) 0
                      (- (+ (* i (/ w 6)) (/ w 24)) w) h (- (* i (/ w 6)) w) h))
            (gimp-context-set-foreground (if (even? i) '(20 30 120) '(250 200 30)))
            (gimp-drawable-edit-fill layer FILL-FOREGROUND)
            (loop (+ i 1)))))
    (gimp-selection-none image)
    (neural-style-sample-save image layer file)))

(define (neural-style-sample-images content-file style-file)
  (neural-style-sample-content content-file 384 256)
  (neural-style-sample-style style-file 256 256))
