; stylize-any.scm - neural style transfer on files, from Script-Fu in
; GIMP 2.10 or GIMP 3 (the same file; it asks GIMP for its version).
;
; Load this file and call neural-style-any in the same batch command:
;
;   gimp-console-2.10 -i -b '(begin
;       (load "/usr/local/share/neural-style/examples/stylize-any.scm")
;       (neural-style-any "photo.png" "painting.jpg" "result.png" 50 48 512))' \
;     -b '(gimp-quit 0)'
;
;   gimp-console-3.0 -i --batch-interpreter=plug-in-script-fu-eval -b '(begin
;       (load "/usr/local/share/neural-style/examples/stylize-any.scm")
;       (neural-style-any "photo.png" "painting.jpg" "result.png" 50 48 512))' \
;     --quit
;
; Arguments: content file, style file, output file, style strength (0..100),
; iterations per level (1..2000), working size (long side in pixels, 0 = the
; image's own).  The other plug-in arguments keep their defaults.
;
; Where the versions differ: GIMP 3 takes a vector of drawables and wants
; plug-ins called with named arguments, #:name value.  GIMP 2.10 cannot
; even read #:name, so the GIMP 3 call is read from a string at run time
; (Script-Fu hands images and layers to scripts as numeric ids).

(define (neural-style-gimp3?)
  (string=? (substring (car (gimp-version)) 0 2) "3."))

(define (neural-style-any-gimp3-call image layer style-layer strength iterations working-size)
  (let ((n number->string))
    (eval (read (open-input-string
      (string-append "(plug-in-neural-style #:run-mode RUN-NONINTERACTIVE"
                     " #:image " (n image)
                     " #:drawables (vector " (n layer) ")"
                     " #:style-drawable " (n style-layer)
                     " #:style-strength " (n strength)
                     " #:iterations " (n iterations)
                     " #:working-size " (n working-size) ")"))))))

; plug-in-neural-style on `layer' of `image' with `style-layer'.
(define (neural-style-any-run image layer style-layer strength iterations working-size)
  (if (neural-style-gimp3?)
      (neural-style-any-gimp3-call image layer style-layer strength iterations working-size)
      (plug-in-neural-style RUN-NONINTERACTIVE image layer style-layer
                            strength 1.0 50 1.0 working-size iterations
                            0 0 0 "" 0 (vector) 0 (vector) 0 (vector) 0 -1 100)))

(define (neural-style-any-load file)
  (if (neural-style-gimp3?)
      (car (gimp-file-load RUN-NONINTERACTIVE file))
      (car (gimp-file-load RUN-NONINTERACTIVE file file))))

(define (neural-style-any-save image layer file)
  (if (neural-style-gimp3?)
      (gimp-file-save RUN-NONINTERACTIVE image file -1)
      (gimp-file-save RUN-NONINTERACTIVE image layer file file)))

(define (neural-style-any content-file style-file out-file
                          strength iterations working-size)
  (let* ((content (neural-style-any-load content-file))
         (style (neural-style-any-load style-file))
         (layer (car (gimp-image-merge-visible-layers content CLIP-TO-IMAGE)))
         (style-layer (car (gimp-image-merge-visible-layers style CLIP-TO-IMAGE))))
    (neural-style-any-run content layer style-layer strength iterations working-size)
    (neural-style-any-save content layer out-file)
    (gimp-image-delete style)
    (gimp-image-delete content)))
