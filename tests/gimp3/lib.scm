; lib.scm - Script-Fu helpers of the GIMP 3 cases (GIMP 3's TinyScheme).
;
; Loaded by lib.sh before each case's command, with `nst-out-dir' defined.
; Images are drawn here, deterministically.  GIMP 3 wants plug-ins called
; with named arguments (#:name value); results come as lists (car).

(define (nst-out name)
  (string-append nst-out-dir "/" name))

; A new RGB image with one white layer.  Returns (image layer).
(define (nst-new-image name w h)
  (let* ((image (car (gimp-image-new w h RGB)))
         (layer (car (gimp-layer-new image name w h RGB-IMAGE 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-drawable-fill layer FILL-WHITE)
    (list image layer)))

(define (nst-fill image layer select x y w h colour)
  (select image CHANNEL-OP-REPLACE x y w h)
  (gimp-context-set-foreground colour)
  (gimp-drawable-edit-fill layer FILL-FOREGROUND)
  (gimp-selection-none image))

; The content: soft grey-blue blocks with a light disc and a dark square.
(define (nst-content name w h)
  (let* ((made (nst-new-image name w h))
         (image (car made))
         (layer (cadr made)))
    (nst-fill image layer gimp-image-select-rectangle 0 0 w (/ h 2) '(200 210 225))
    (nst-fill image layer gimp-image-select-rectangle 0 (/ h 2) w (/ h 2) '(90 100 120))
    (nst-fill image layer gimp-image-select-ellipse (/ w 8) (/ h 8) (/ w 2) (/ h 2) '(240 230 200))
    (nst-fill image layer gimp-image-select-rectangle (/ w 2) (/ h 2) (/ w 3) (/ h 3) '(40 40 50))
    made))

; The style: saturated stripes with two discs.
(define (nst-style name w h)
  (let* ((made (nst-new-image name w h))
         (image (car made))
         (layer (cadr made))
         (colours '((230 20 20) (250 200 0) (20 60 220) (10 170 60)))
         (stripe (/ w 8)))
    (let loop ((i 0) (cs colours))
      (if (< i 8)
          (begin
            (nst-fill image layer gimp-image-select-rectangle (* i stripe) 0 stripe h (car cs))
            (loop (+ i 1) (if (null? (cdr cs)) colours (cdr cs))))))
    (nst-fill image layer gimp-image-select-ellipse (/ w 4) (/ h 4) (/ w 4) (/ h 4) '(250 240 30))
    (nst-fill image layer gimp-image-select-ellipse (/ w 2) (/ h 2) (/ w 3) (/ h 3) '(20 20 200))
    made))

; Export an image as PNG without a colour profile.
(define (nst-export image file)
  (file-png-export #:run-mode RUN-NONINTERACTIVE #:image image
                   #:file (nst-out file) #:include-color-profile FALSE))

; plug-in-neural-style with small, fast test values; `overrides' is an
; association list such as '((strength . 150)).
(define (nst-arg key overrides default)
  (let ((hit (assq key overrides)))
    (if hit (cdr hit) default)))

(define (nst-stylize made style overrides)
  (plug-in-neural-style #:run-mode RUN-NONINTERACTIVE
                        #:image (car made)
                        #:drawables (vector (cadr made))
                        #:style-drawable (nst-arg 'style overrides (cadr style))
                        #:style-strength (nst-arg 'strength overrides 75)
                        #:content-weight 1.0
                        #:smoothness 50
                        #:detail-size 1.0
                        #:working-size 64
                        #:iterations (nst-arg 'iterations overrides 15)
                        #:preserve-colors "none"
                        #:seed (nst-arg 'seed overrides 7)
                        #:output-mode "replace"
                        #:model-path (nst-arg 'model overrides "")))

; Write `text' to `file' in the output folder.
(define (nst-write file text)
  (let ((port (open-output-file (nst-out file))))
    (display text port)
    (close-output-port port)))
